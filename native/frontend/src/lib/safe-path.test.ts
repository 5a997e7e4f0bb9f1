import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './safe-path';

describe('safeLocalPath', () => {
  it('keeps local paths with their query', () => {
    expect(safeLocalPath('/tickets/5?x=1')).toBe('/tickets/5?x=1');
  });
  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null, '/login?next=/x'])(
    'refuses %s', (value) => {
      expect(safeLocalPath(value)).toBe('/tickets');
    });
});
