/** A valid 1x1 red PNG, base64 without a data-URI prefix. */
export const PNG_1X1_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';

export const PNG_1X1_DATA_URI = `data:image/png;base64,${PNG_1X1_BASE64}`;
