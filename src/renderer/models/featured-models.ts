/**
 * The Parakeet file offered beside the full-precision Whisper models (first-run setup, the Models
 * view's short list): 8-bit, accuracy close to the full model at about half its size.
 */
export const FEATURED_PARAKEET = 'parakeet-tdt-0.6b-v3-q8_0';
