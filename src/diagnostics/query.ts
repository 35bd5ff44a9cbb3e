/** The sentence the diagnostics page shows for a part of its link that public/readable-query.js dropped. */
export const undecodableNotice = (part: string): string => `The link’s “${part}” cannot be decoded; it was ignored.`;
