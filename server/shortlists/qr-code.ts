import Handlebars from 'handlebars';
import QRCode from 'qrcode';

/**
 * Everything qrcode's SVG renderer writes: a white square and one path of the dark modules (moves and
 * lines), no text, no script, no reference to anything outside. The page inserts the SVG unescaped, so
 * markup of any other shape (a changed library) stops here instead of reaching the page.
 */
const QR_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"><path fill="#ffffff" d="[\d .HMVhvz]+"\/><path stroke="#000000" d="[\d .Mhmv]+"\/><\/svg>\n?$/;

/** Pixels: fits a 390 px phone next to nothing and a laptop next to the link; a phone camera reads it from 30 cm. */
const SIZE = 240;

/**
 * A share link as a QR code, rendered here as inline SVG (no image service, no data: URI, nothing the
 * CSP has to allow), for the mentee to scan instead of typing a 70-character address. Level M survives
 * a smudged or creased printout.
 */
export async function shareLinkQrCode(url: string): Promise<Handlebars.SafeString> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', width: SIZE });
  if (!QR_SVG.test(svg)) throw new Error('The QR code renderer wrote unexpected markup');
  return new Handlebars.SafeString(svg);
}
