import QRCode from "qrcode";
import { qrMemo } from "./memo.js";

/** The page address as an inline SVG QR code; the page labels it (role="img") around it. */
export async function qrSvg(url) {
  const known = qrMemo.lookup(url);
  if (known !== undefined) return known;
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return qrMemo.store(url, svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" width="160" height="160" ').trim());
}
