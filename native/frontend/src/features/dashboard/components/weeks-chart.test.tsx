import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApp } from '@/testing/render';
import { WeeksChart } from './weeks-chart';

// jsdom lays nothing out: give the scroll box a width and remember what is set as scrollLeft.
const scrolled = new WeakMap<Element, number>();
const originals = {
  scrollWidth: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollWidth'),
  scrollLeft: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollLeft'),
};

afterEach(() => {
  for (const [name, descriptor] of Object.entries(originals)) {
    if (descriptor) Object.defineProperty(Element.prototype, name, descriptor);
  }
});

describe('WeeksChart', () => {
  it('starts scrolled to the newest week, so a phone shows the current week first', () => {
    Object.defineProperty(Element.prototype, 'scrollWidth', { configurable: true, get: () => 900 });
    Object.defineProperty(Element.prototype, 'scrollLeft', {
      configurable: true,
      get(this: Element) { return scrolled.get(this) ?? 0; },
      set(this: Element, value: number) { scrolled.set(this, value); },
    });
    const weeks = Array.from({ length: 12 }, (_, i) => ({
      week: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10), opened: i, resolved: 1,
    }));
    const { container } = renderWithApp(<WeeksChart weeks={weeks} />);
    const box = container.querySelector('.chart__scroll')!;
    expect(box.scrollLeft).toBe(900);
  });
});
