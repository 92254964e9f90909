/** Storybook preview: parameters shared by every story. */
import type { Preview } from '@storybook/angular-vite';

const preview: Preview = {
  parameters: {
    // Controls for every input (the Docs tab lists inputs and outputs from the JSDoc); colour
    // pickers for inputs named like colours.
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
