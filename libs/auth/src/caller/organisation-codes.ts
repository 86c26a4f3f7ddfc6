/**
 * Shapes of the identifiers a scope names. NHS England regions have ODS codes Y56 (London) … Y63
 * (North East and Yorkshire). ICBs have three-character ODS codes starting with Q (QOX, QT6), and
 * the April 2026 successors five-character codes (S1Y5D Central East, D7T5G Essex). Hubs are uuids.
 * Which codes exist is the hub registry's business; these only reject what cannot be a code.
 */
export const REGION_CODE = /^Y\d{2}$/;
export const ICB_CODE = /^(Q[A-Z0-9]{2}|[A-Z0-9]{5})$/;
export const HUB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
