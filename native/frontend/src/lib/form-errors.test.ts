import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesByField } from './form-errors';

describe('issuesByField', () => {
  it('keeps the first problem of each field, keyed by the field name', () => {
    const schema = z.object({
      title: z.string().min(3, 'too short').regex(/^[a-z]+$/, 'letters only'),
      body: z.string().min(1, 'required'),
    });
    const parsed = schema.safeParse({ title: '1', body: '' });
    expect(parsed.success).toBe(false);
    expect(issuesByField(parsed.error!.issues)).toEqual({ title: 'too short', body: 'required' });
  });

  it('gives no problems for no issues', () => {
    expect(issuesByField([])).toEqual({});
  });
});
