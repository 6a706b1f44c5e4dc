/**
 * Moving files between the person's machine and the engine's: in the desktop app both are the
 * same machine and native dialogs give paths; in browser mode files travel over HTTP.
 */
import type { ApiReply } from '../../src-main/contract/contract';
import { accessToken } from './access-token';
import { ApiCallError } from './client';

/** Sends a file to the server and answers the path it was stored at, reporting upload progress (0–1). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<string> {
  // XMLHttpRequest rather than fetch: only it reports upload progress, which matters for large datasets.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('authorization', `Bearer ${accessToken()}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiCallError(`uploading ${file.name} failed: is \`synthlab serve\` still running?`));
    xhr.onload = () => {
      try {
        const reply = JSON.parse(xhr.responseText) as ApiReply<{ file: string }>;
        if (reply.ok) resolve(reply.result.file);
        else reject(new ApiCallError(reply.error));
      } catch {
        reject(new ApiCallError(`uploading ${file.name} failed: the server answered ${xhr.status}`));
      }
    };
    xhr.send(file);
  });
}

export interface ExportRequest {
  dataset: string;
  format: 'jsonl' | 'csv';
  kind: 'posts' | 'variants';
}

export const exportFileName = (r: ExportRequest): string =>
  `${r.dataset}${r.kind === 'variants' ? '-variants' : ''}.${r.format}`;

/** Browser mode: fetches an export from the server and hands it to the browser's downloads. */
export async function downloadExport(r: ExportRequest): Promise<{ fileName: string; rows: number }> {
  const query = new URLSearchParams({ dataset: r.dataset, format: r.format, kind: r.kind });
  const res = await fetch(`api/export?${query}`, { headers: { authorization: `Bearer ${accessToken()}` } });
  if (!res.ok) {
    const reply = (await res.json().catch(() => null)) as ApiReply<never> | null;
    throw new ApiCallError(reply && !reply.ok ? reply.error : `export failed: the server answered ${res.status}`);
  }
  const fileName = exportFileName(r);
  handToBrowser(await res.blob(), fileName);
  return { fileName, rows: Number(res.headers.get('x-synthlab-rows') ?? 0) };
}

export const reportFileName = (dataset: string): string => `${dataset}-report.html`;

/** Browser mode: the server builds the dataset's HTML report and it lands in the browser's downloads. */
export async function downloadReport(
  dataset: string,
  choice: { sweep?: number; experiment?: number; audit?: number } = {},
): Promise<{ fileName: string; bytes: number }> {
  const query = new URLSearchParams({ dataset });
  for (const [k, v] of Object.entries(choice)) if (v !== undefined) query.set(k, String(v));
  const res = await fetch(`api/report?${query}`, {
    headers: { authorization: `Bearer ${accessToken()}` },
  });
  if (!res.ok) {
    const reply = (await res.json().catch(() => null)) as ApiReply<never> | null;
    throw new ApiCallError(reply && !reply.ok ? reply.error : `the report failed: the server answered ${res.status}`);
  }
  const blob = await res.blob();
  const fileName = reportFileName(dataset);
  handToBrowser(blob, fileName);
  return { fileName, bytes: blob.size };
}

function handToBrowser(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: Chromium starts the download asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
