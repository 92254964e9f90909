/** Starts `run` after `ms`; returns the function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;
