/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the Madang API, e.g. http://localhost:8787 */
  readonly VITE_MADANG_API?: string;
  /** The site's publishable key (pk_…); the site's allowed origins must include this app's. */
  readonly VITE_MADANG_SITE_KEY?: string;
  /** A poll id (poll_…). */
  readonly VITE_MADANG_POLL?: string;
  /** Optional: a budget dataset id (bds_…) for <madang-budget-table>. */
  readonly VITE_MADANG_DATASET?: string;
}
