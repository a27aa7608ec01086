/** The part of sax (an XML parser, brought by Astro through svgo) that pictures.ts uses; sax ships no types. */
declare module 'sax' {
  interface SaxParser {
    line: number;
    column: number;
    onerror: (error: Error) => void;
    ondoctype: (doctype: string) => void;
    onprocessinginstruction: (instruction: { name: string; body: string }) => void;
    onopentag: (node: { name: string; local: string; uri: string; attributes: Record<string, { name: string; local: string; prefix: string; uri: string; value: string }> }) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    write: (text: string) => SaxParser;
    close: () => SaxParser;
  }
  const sax: { parser: (strict: boolean, options?: { xmlns?: boolean; position?: boolean; trim?: boolean }) => SaxParser };
  export default sax;
}
