/** The category of posts whose feed gives no tag. Stored as is; shown translated (utils/l10n.ts). */
export const UNCATEGORIZED = 'Uncategorized';
