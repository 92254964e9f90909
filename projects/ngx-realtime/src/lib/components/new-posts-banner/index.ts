// Public API of the rt-new-posts-banner component.
export { RtNewPostsBanner } from './new-posts-banner';
export { newPostsText } from './new-posts-banner-text';
