/**
 * The core of Parcours: load, validate, model, analyse. Pure (it reads files, nothing else):
 * no browser, no network. The CLI, the site, the diagrams and the PDFs all start here.
 */
export { loadFlows, type LoadOptions, type LoadResult } from './load.ts';
export type { FlowSummary } from './analyse.ts';
export * from './model.ts';
export { hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.ts';
export { adjacency, cannotFinish, isTerminal, reachable, simplePaths, type Edge, type FlowPath, type PathStep } from './graph.ts';
export { endLabel, nodeLabel, pathAnswers, pathsReport } from './describe.ts';
export { isSafeUrl, linksIn, parseInline, plainText, type Inline } from './text.ts';
export { frenchSpacing } from './typography.ts';
export { discover, flowsRootOf, kindOf } from './discover.ts';
export { flowUrl, nodeUrl, overviewUrl, procedureUrl, RECUEIL_URL, sheetPrintUrl, sheetUrl } from './urls.ts';
export { expectedViews, journeyOrder, paperLinks, recueilFile, recueilsOf, sheetAddresses, sheetName, sheetsInJourneyOrder, sheetsOf, stepsWithoutPictures, type MissingPictures, type PaperLink, type Recueil, type Sheet } from './sheets.ts';
export { addressPieces, contrast, cssString, keepTogether, pageBoxesCss, shortAddress, textOn, wordmarkSvg, type PageBoxes, type TextSegment } from './print.ts';
export { flowToMermaid } from './mermaid.ts';
