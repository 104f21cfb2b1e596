/** The report server and the report site's pages and permalinks (shared with publish/). */
export { startReportServer, isLoopbackHost, parseRequestTarget, type ReportServer, type ReportServerOptions } from './start-report-server.js';
export { historyKey, historyHref, runHref } from './site-paths.js';
export { renderIndexPage, renderIndexJson, renderHistoryPage, renderHistoryIndexPage, renderRunPage, type SiteListing } from './site-pages.js';
