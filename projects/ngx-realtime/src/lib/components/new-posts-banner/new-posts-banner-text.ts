const NUMBER = new Intl.NumberFormat('en-US');

/**
 * The banner's button text in English: "1 new post", "5 new posts", "1,204 new posts".
 * The default of `RtNewPostsBanner.formatText`; replace it to translate.
 *
 * @param count The number of new posts (at least 1 while the banner shows).
 */
export function newPostsText(count: number): string {
  return count === 1 ? '1 new post' : `${NUMBER.format(count)} new posts`;
}
