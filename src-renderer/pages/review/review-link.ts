import { useSyncExternalStore } from 'react';
import { hrefFor, navigate } from '../../app/router';

/**
 * Other pages open Review on one original with `#/review?post=ID` (ID: the post's id in its
 * dataset). The query lives in the hash, like the route, so it works in both transports.
 */
export const reviewHref = (postId: string): string => `${hrefFor('review')}?post=${encodeURIComponent(postId)}`;

function linkedPost(): string | undefined {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('post') ?? undefined;
}

function onHashChange(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The original the current link asks for, if any. */
export function useLinkedPost(): string | undefined {
  return useSyncExternalStore(onHashChange, linkedPost);
}

/** Back to the whole queue. */
export const clearLinkedPost = (): void => navigate('review');
