// Form fields with a visible <label>, an optional hint and the field's error beside it
// (announced through aria-describedby and aria-invalid).
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

type FieldFrameProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean | undefined;
  children: ReactNode;
  className?: string | undefined;
};

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, hint, error, required, children, className }: FieldFrameProps) {
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].join(' ').trim()}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="field__required" aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="field__error">{error}</p> : null}
    </div>
  );
}

type Common = { label: ReactNode; hint?: ReactNode; error?: string | undefined; className?: string };

export function TextField({ label, hint, error, className, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} required={input.required} className={className}>
      <input id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField({ label, hint, error, className, id, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} required={textarea.required} className={className}>
      <textarea id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...textarea} />
    </FieldFrame>
  );
}

export type Option = { value: string; label: string };

export function SelectField({ label, hint, error, className, id, options, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[] }) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} required={select.required} className={className}>
      <select id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, hint, error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ label, hint, error, className, id, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <div className={['field field--checkbox', className ?? ''].join(' ').trim()}>
      <input id={fieldId} type="checkbox" aria-describedby={describedBy(fieldId, hint, error)} {...input} />
      <label htmlFor={fieldId}>{label}</label>
      {hint ? <p id={`${fieldId}-hint`} className="field__hint">{hint}</p> : null}
      {error ? <p id={`${fieldId}-error`} className="field__error">{error}</p> : null}
    </div>
  );
}
