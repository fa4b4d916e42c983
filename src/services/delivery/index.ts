// Text into the focused application: paste through the clipboard (restored once the paste has been
// read), typing, or copy only. Plain Node (no Electron import): the tests drive it under Xvfb.
export { createTextDelivery } from './deliver.js';
export type { DeliveryCapabilities, DeliveryConfig, DeliveryOptions, TextDelivery } from './deliver.js';
export type { KeySender, PasteChord } from './key-sender.js';
export { prepareText } from './text-guard.js';
export { x11PasteRoute, type PasteRoute } from './paste-route.js';
