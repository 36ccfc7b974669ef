import escape from "escape-html";

/** For the few HTML strings the CMS writes itself (the draft preview's error pages). */
export const escapeHtml = (text: string): string => escape(text);
