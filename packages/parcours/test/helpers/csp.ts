/** The Content-Security-Policy docs/publication.md recommends, exactly, as tests send it in a header. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
