import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeAttachment, makeMe, staffMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { AttachmentsPanel } from './attachments-panel';

describe('AttachmentsPanel', () => {
  it('uploads the chosen file as multipart field "file" with the CSRF header and lists it', async () => {
    document.cookie = 'csrf_access_token=tok; path=/';
    let items = [makeAttachment()];
    // (jsdom's XMLHttpRequest loses the part's filename on the way to MSW; a browser keeps it.)
    const seen: Array<{ csrf: string | null; content: string | undefined }> = [];
    server.use(
      http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items })),
      http.post(`${API}/tickets/7/attachments`, async ({ request }) => {
        const form = await request.formData();
        const file = form.get('file');
        seen.push({ csrf: request.headers.get('X-CSRF-TOKEN'), content: file && typeof file === 'object' ? await file.text() : undefined });
        const created = makeAttachment({ id: 12, filename: 'notes.txt', content_type: 'text/plain' });
        items = [...items, created];
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    await screen.findByRole('link', { name: 'Download error.png' });
    await userEvent.upload(screen.getByLabelText('File to attach'), new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload file' }));
    expect(await screen.findByText('notes.txt was attached.')).toBeInTheDocument();
    expect(seen).toEqual([{ csrf: 'tok', content: 'hello' }]);
    expect(await screen.findByRole('link', { name: 'Download notes.txt' })).toHaveAttribute('href', '/api/v1/attachments/12');
  });

  it('shows the API refusal of a file', async () => {
    server.use(
      http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items: [] })),
      http.post(`${API}/tickets/7/attachments`, () => apiRefusal(413, 'file_too_large', { params: { max_mb: 10 } })),
    );
    renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    expect(await screen.findByText('No files attached.')).toBeInTheDocument();
    await userEvent.upload(screen.getByLabelText('File to attach'), new File(['x'], 'big.pdf', { type: 'application/pdf' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload file' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large (at most 10 MB).');
  });

  it('asks for a file before uploading', async () => {
    server.use(http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items: [] })));
    renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Upload file' }));
    expect(screen.getByText('Please choose a file first.')).toBeInTheDocument();
  });

  it('offers deletion to staff and the uploader only', async () => {
    server.use(http.get(`${API}/tickets/7/attachments`, () =>
      HttpResponse.json({ items: [makeAttachment({ uploaded_by: { id: 99, username: 'other' } })] })));
    const { unmount } = renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    await screen.findByRole('link', { name: 'Download error.png' });
    expect(screen.queryByRole('button', { name: 'Delete error.png' })).not.toBeInTheDocument();
    unmount();
    renderWithApp(<AttachmentsPanel ticketId={7} user={staffMe()} />);
    expect(await screen.findByRole('button', { name: 'Delete error.png' })).toBeInTheDocument();
  });

  it('deletes a file only after confirming', async () => {
    let items = [makeAttachment()];
    const deleted = vi.fn();
    server.use(
      http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items })),
      http.delete(`${API}/attachments/11`, () => {
        deleted();
        items = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete error.png' }));
    expect(deleted).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete error.png' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete error.png' }));
    expect(await screen.findByText('error.png was deleted.')).toBeInTheDocument();
    expect(deleted).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('No files attached.')).toBeInTheDocument();
  });

  it('shows a progress bar while the file uploads', async () => {
    server.use(http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items: [] })));
    let finish: (() => void) | null = null;
    class SlowXhr {
      status = 0;
      responseText = '';
      upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open() {}
      setRequestHeader() {}
      getResponseHeader() { return null; }
      abort() {}
      send() {
        setTimeout(() => this.upload.onprogress?.({ lengthComputable: true, loaded: 30, total: 100 }), 0);
        finish = () => {
          this.status = 201;
          this.responseText = JSON.stringify(makeAttachment({ id: 13, filename: 'scan.pdf' }));
          this.onload?.();
        };
      }
    }
    vi.stubGlobal('XMLHttpRequest', SlowXhr);
    renderWithApp(<AttachmentsPanel ticketId={7} user={makeMe()} />);
    await userEvent.upload(await screen.findByLabelText('File to attach'), new File(['%PDF-1.4'], 'scan.pdf', { type: 'application/pdf' }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload file' }));
    const bar = await screen.findByRole('progressbar', { name: 'Upload progress' });
    await vi.waitFor(() => expect(bar).toHaveAttribute('value', '30'));
    expect(screen.getByRole('button', { name: 'Upload file' })).toBeDisabled();
    finish!();
    expect(await screen.findByText('scan.pdf was attached.')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    vi.unstubAllGlobals();
  });
});
