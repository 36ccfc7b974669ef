import QRCode from "qrcode";

/** The page address as an inline SVG QR code; the page labels it (role="img") around it. */
export async function qrSvg(url) {
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" width="160" height="160" ').trim();
}
