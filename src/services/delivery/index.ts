// Text into the focused application: paste through the clipboard (restored once the paste has been
// read), typing, or copy only. Plain Node (no Electron import): the tests drive it under Xvfb.
export { createTextDelivery } from './text-delivery.js';
export type { DeliveryCapabilities, DeliveryConfig, DeliveryOptions, TextDelivery } from './text-delivery.js';
export type { FocusedApp, FocusLookup } from './focused-app.js';
export type { AfterKey, KeySender, PasteChord } from './key-sender.js';
export { prepareText } from './text-guard.js';
export { x11PasteRoute, type PasteRoute } from './paste-route.js';
