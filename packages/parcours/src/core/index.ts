/**
 * The core of Parcours: load, validate, model, analyse. Pure (it reads files, nothing else):
 * no browser, no network. The CLI, the site, the diagrams and the PDFs all start here.
 */
export { loadFlows, memoryParses, type LoadOptions, type LoadResult, type ParseCache } from './load.ts';
export { analyseProject, type FlowSummary } from './analyse.ts';
export * from './model.ts';
export { DIAGNOSTIC_CODES, hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.ts';
export { adjacency, cannotFinish, cannotReach, cycles, isTerminal, reachable, reachableFrom, simplePaths, type Edge, type FlowPath, type PathStep, type Successors } from './graph.ts';
export { journeyGraph, journeyKey, linkTarget, type JourneyGraph, type JourneyNode } from './journeys.ts';
export { continuation, endLabel, nodeLabel, pathAnswers, pathsReport } from './describe.ts';
export { ADDRESS_PATTERN, addressesIn, addressProblem, EMAIL_PATTERN, isEmail, PHONE_PATTERN, telOf, type AddressProblem } from './addresses.ts';
export { controlCharacters, describeControl, visibleControls } from './characters.ts';
export { isSafeUrl, linksIn, parseInline, plainText, type Inline } from './text.ts';
export { frenchSpacing } from './typography.ts';
export { discover, flowsRootOf, kindOf } from './discover.ts';
export { basePath, bigDiagramUrl, CONTACTS_URL, diagramFileUrl, diagramStylesUrl, editorialUrl, flowUrl, HOME_URL, nodeUrl, overviewUrl, procedureUrl, RECUEIL_URL, SEARCH_URL, sheetPrintUrl, sheetUrl, SITE_MAP_URL, withBase } from './urls.ts';
export { expectedViews, journeyOrder, paperLinks, recueilFile, recueilsOf, recueilTitle, sheetAddresses, sheetName, sheetsInJourneyOrder, sheetsOf, sheetTitle, stepsWithoutPictures, type MissingPictures, type PaperLink, type Recueil, type Sheet } from './sheet-contents.ts';
export { addressPieces, contrast, cssString, keepTogether, pageBoxesCss, shortAddress, textOn, wordmarkSvg, type PageBoxes, type TextSegment } from './print.ts';
export { flowFacts, projectFacts, type Arrival, type FlowFacts } from './flow-facts.ts';
export { brandProcedures, nationalProcedures, orderedFlows } from './order.ts';
export { CONFIG_FILE, loadConfig, noSiteUrlWarning, type Config } from './config.ts';
export { accentProperties, brandAccent, DEFAULT_ACCENT, siteAccent, themeCss } from './theme.ts';
export { diagramDomId, flowToMermaid } from './mermaid.ts';
