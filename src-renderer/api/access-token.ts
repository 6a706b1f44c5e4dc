const STORAGE_KEY = 'synthlab.token';

/**
 * The token `synthlab serve` put in the URL it printed. It is kept for the tab's lifetime so
 * that in-app navigation and reloads keep working after the query string changes.
 */
export function accessToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}
