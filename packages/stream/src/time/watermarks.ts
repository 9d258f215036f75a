/** The watermark before any record: every timestamp is still to come. */
export const NO_WATERMARK = Number.NEGATIVE_INFINITY;

/** The watermark once the input has ended: every window closes. */
export const END_OF_INPUT = Number.POSITIVE_INFINITY;
