/** The two parts of qrcode that SheetDoc.astro uses (the package's types cover only its main entry). */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  const maker: { create(text: string, options?: QRCodeOptions): QRCode };
  export default maker;
}
declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  const svgTag: { render(qrData: QRCode, options?: QRCodeRenderersOptions): string };
  export default svgTag;
}
