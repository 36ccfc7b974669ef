import QRCode from "qrcode";
import type { Memo } from "./memo.js";

/** The page address as an inline SVG QR code; the page labels it (role="img") around it. Memoised by address (about 1 ms each). */
export async function qrSvg(url: string, memo: Memo<string>): Promise<string> {
  const known = memo.lookup(url);
  if (known !== undefined) return known;
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return memo.store(url, svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" width="160" height="160" ').trim());
}
