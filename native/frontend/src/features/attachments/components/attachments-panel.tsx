// The ticket's files: download links, delete (staff or uploader) and an upload with a
// progress bar.
import { useRef, useState, type FormEvent } from 'react';
import { ErrorAlert, Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/spinner';
import { isStaff } from '@/lib/domain';
import { formatBytes } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import type { Me } from '@/types/models';
import { useDeleteAttachment } from '../api/delete-attachment';
import { attachmentUrl, useAttachments } from '../api/get-attachments';
import { useUploadAttachment } from '../api/upload-attachment';


export function AttachmentsPanel({ ticketId, user }: { ticketId: number; user: Me }) {
  const { t, formatDate, language } = useI18n();
  const attachments = useAttachments(ticketId);
  const upload = useUploadAttachment(ticketId);
  const remove = useDeleteAttachment(ticketId);
  const input = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setNotice(null);
    if (!file) {
      setMissing(true);
      return;
    }
    setMissing(false);
    upload.mutate(file, {
      onSuccess: (attachment) => {
        setNotice(t('attachments.uploaded', { name: attachment.filename }));
        if (input.current) input.current.value = '';
      },
    });
  }

  const percent = upload.progress && upload.progress.total > 0
    ? Math.round((upload.progress.loaded / upload.progress.total) * 100) : 0;

  return (
    <div className="attachments">
      {attachments.isPending ? <Loading /> : attachments.isError ? <ErrorAlert error={attachments.error} /> : (
        attachments.data.items.length === 0 ? <p className="muted">{t('attachments.empty')}</p> : (
          <ul className="attachment-list">
            {attachments.data.items.map((file) => (
              <li key={file.id}>
                <a href={attachmentUrl(file.id)} download={file.filename} aria-label={t('attachments.download', { name: file.filename })}>
                  {file.filename}
                </a>
                <span className="muted small">
                  {t('attachments.meta', { size: formatBytes(file.size, language), name: file.uploaded_by.username, date: formatDate(file.created_at) })}
                </span>
                {(isStaff(user.role) || file.uploaded_by.id === user.id) && confirming !== file.id ? (
                  <Button variant="ghost" className="btn--small" onClick={() => { setConfirming(file.id); setNotice(null); }}>
                    {t('attachments.delete', { name: file.filename })}
                  </Button>
                ) : null}
                {confirming === file.id ? (
                  <div className="attachment-confirm" role="group" aria-label={t('attachments.deleteConfirm', { name: file.filename })}>
                    <p>{t('attachments.deleteConfirm', { name: file.filename })}</p>
                    <div className="button-row">
                      <Button variant="danger" className="btn--small" disabled={remove.isPending}
                        onClick={() => remove.mutate(file.id, {
                          onSuccess: () => {
                            setConfirming(null);
                            setNotice(t('attachments.deleted', { name: file.filename }));
                          },
                        })}>
                        {t('attachments.deleteYes', { name: file.filename })}
                      </Button>
                      <Button variant="secondary" className="btn--small" onClick={() => setConfirming(null)}>{t('common.cancel')}</Button>
                    </div>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )
      )}
      <ErrorAlert error={remove.error} />
      <form className="form upload-form" onSubmit={submit} noValidate>
        <ErrorAlert error={upload.error} />
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <div className={missing ? 'field field--invalid' : 'field'}>
          <label htmlFor={`upload-${ticketId}`}>{t('attachments.file')}</label>
          <input ref={input} id={`upload-${ticketId}`} type="file" name="file"
            accept=".png,.jpg,.jpeg,.gif,.pdf,.txt,.log,.csv,image/png,image/jpeg,image/gif,application/pdf,text/plain"
            aria-describedby={`upload-${ticketId}-hint`} onChange={() => setMissing(false)} />
          <p id={`upload-${ticketId}-hint`} className="field__hint">{t('attachments.hint')}</p>
          {missing ? <p className="field__error">{t('attachments.chooseFile')}</p> : null}
        </div>
        {upload.progress ? (
          <div className="upload-progress">
            <label htmlFor={`progress-${ticketId}`}>{t('attachments.progress')}</label>
            <progress id={`progress-${ticketId}`} max={100} value={percent}>{percent} %</progress>
            <span>{percent} %</span>
          </div>
        ) : null}
        <Button type="submit" variant="secondary" disabled={upload.isPending}>{t('attachments.upload')}</Button>
      </form>
    </div>
  );
}
