/**
 * The theme presets shipped in packages/widgets/themes/ (docs/theming.md): each one loaded into
 * the test page as a webmaster would (a <link rel="stylesheet">), with a <madang-poll> against the
 * fixture server. Inside the shadow root the brand colour, its text colour, the radius, the font
 * and the spacing follow the preset, in light and dark mode, and axe passes under each preset.
 */
import { expect } from '@open-wc/testing';
import type { Poll } from '@madang/contracts';
import { mountElement, post, q, siteAttributes, until, useFixtureServer, withMedia } from '../../test/helpers.js';
import type { MadangPoll } from '../poll/madang-poll.js';
import '../poll/define.js';

useFixtureServer();

interface Expected {
  brand: string;
  onBrand: string;
  darkBrand: string;
  darkOnBrand: string;
  radius: string;
  /** The first family of the computed font-family. */
  font: string;
  /** --madang-space × 5: the padding of the widget's box. */
  padding: string;
  /** The box's border (::part(base)), when the preset sets one. */
  border?: { width: string; lightColor: string; darkColor: string };
}

const presets: Record<string, Expected> = {
  'krds.css': {
    brand: 'rgb(37, 110, 244)',
    onBrand: 'rgb(255, 255, 255)',
    darkBrand: 'rgb(37, 110, 244)',
    darkOnBrand: 'rgb(255, 255, 255)',
    radius: '6px',
    font: '"Pretendard GOV"',
    padding: '20px',
  },
  'high-contrast.css': {
    brand: 'rgb(0, 0, 0)',
    onBrand: 'rgb(255, 255, 255)',
    darkBrand: 'rgb(255, 255, 255)',
    darkOnBrand: 'rgb(0, 0, 0)',
    radius: '2px',
    font: '"Pretendard GOV"',
    padding: '25px',
    border: { width: '2px', lightColor: 'rgb(30, 33, 36)', darkColor: 'rgb(244, 245, 246)' },
  },
  'local-gov-example.css': {
    brand: 'rgb(0, 112, 74)',
    onBrand: 'rgb(255, 255, 255)',
    darkBrand: 'rgb(92, 201, 160)',
    darkOnBrand: 'rgb(11, 31, 23)',
    radius: '12px',
    font: '"Madang City Sans"',
    padding: '20px',
  },
};

/** Loads /packages/widgets/themes/<file> with a <link> (the dev server serves the repository root); returns its removal. */
async function loadPreset(file: string): Promise<() => void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/packages/widgets/themes/${file}`;
  const loaded = new Promise((resolve, reject) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', () => reject(new Error(`could not load ${link.href}`)), { once: true });
  });
  document.head.append(link);
  await loaded;
  return () => link.remove();
}

const yesNoWithVotes = () =>
  post<Poll>('/__madang/polls', {
    poll: {
      kind: 'yes_no',
      question: { ko: '주민센터 운영 시간을 저녁 8시까지 늘리는 데 찬성하십니까?', en: 'Keep community centres open until 8 pm?' },
      voterPolicy: 'anonymous',
      resultsVisibility: 'always',
      threshold: { optionId: 'yes', count: 100 },
    },
    votes: [['yes'], ['yes'], ['no']],
  });

async function mountPoll(): Promise<MadangPoll> {
  const poll = await yesNoWithVotes();
  const el = await mountElement<MadangPoll>('madang-poll', { ...siteAttributes({}), poll: poll.id });
  await until(el, 'open');
  return el;
}

describe('theme presets (packages/widgets/themes/*.css)', () => {
  it('without a preset the widget has the KRDS defaults (the baseline the presets change)', async () => {
    const el = await mountPoll();
    expect(getComputedStyle(q(el, '[part~="submit"]')!).backgroundColor).to.equal('rgb(37, 110, 244)');
    expect(getComputedStyle(q(el, '[part~="base"]')!).borderTopWidth).to.equal('1px');
  });

  for (const [file, want] of Object.entries(presets)) {
    describe(file, () => {
      let unload: () => void = () => {};
      beforeEach(async () => {
        unload = await loadPreset(file);
      });
      afterEach(() => unload());

      it('brand colour, its text colour, radius, font and spacing inside the shadow root follow the preset; axe passes', async () => {
        const el = await mountPoll();
        const submit = q(el, '[part~="submit"]')!;
        const base = q(el, '[part~="base"]')!;
        const s = getComputedStyle(submit);
        expect(s.backgroundColor).to.equal(want.brand);
        expect(s.color).to.equal(want.onBrand);
        expect(s.borderTopLeftRadius).to.equal(want.radius);
        const b = getComputedStyle(base);
        expect(b.borderTopLeftRadius).to.equal(want.radius);
        expect(b.fontFamily.split(',')[0].trim()).to.equal(want.font);
        expect(s.fontFamily).to.equal(b.fontFamily);
        expect(b.paddingTop).to.equal(want.padding);
        // Result bars are brand-coloured too.
        expect(getComputedStyle(q(el, 'li[data-option="yes"] [part~="bar"]')!).backgroundColor).to.equal(want.brand);
        if (want.border) {
          expect(b.borderTopWidth).to.equal(want.border.width);
          expect(b.borderTopColor).to.equal(want.border.lightColor);
        }
        await expect(el).to.be.accessible();
      });

      it('dark mode: the preset’s dark colours apply and axe still passes', async () => {
        const el = await mountPoll();
        await withMedia([{ name: 'prefers-color-scheme', value: 'dark' }], async () => {
          const s = getComputedStyle(q(el, '[part~="submit"]')!);
          expect(s.backgroundColor).to.equal(want.darkBrand);
          expect(s.color).to.equal(want.darkOnBrand);
          if (want.border) expect(getComputedStyle(q(el, '[part~="base"]')!).borderTopColor).to.equal(want.border.darkColor);
          await expect(el).to.be.accessible();
        });
      });
    });
  }
});
