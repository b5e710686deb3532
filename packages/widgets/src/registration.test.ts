/**
 * The class modules (`@madang/widgets/<element>/class`, src/<folder>/madang-<name>.ts) register
 * nothing; the registering modules (`@madang/widgets/<element>`, src/<folder>/define.ts) do.
 * This file runs in its own page (web-test-runner), and imports only class modules statically.
 */
import { expect } from '@open-wc/testing';
import { MadangPoll, POLL_TAG } from './poll/madang-poll.js';
import { MadangProposalForm } from './proposal-form/madang-proposal-form.js';
import { MadangProposalList } from './proposal-list/madang-proposal-list.js';
import { MadangBudgetTable } from './budget-table/madang-budget-table.js';
import { MadangSpendingExplainer } from './spending-explainer/madang-spending-explainer.js';

const TAGS = ['madang-poll', 'madang-proposal-form', 'madang-proposal-list', 'madang-budget-table', 'madang-spending-explainer'];

describe('element registration', () => {
  it('importing the class modules registers no element', () => {
    for (const cls of [MadangPoll, MadangProposalForm, MadangProposalList, MadangBudgetTable, MadangSpendingExplainer]) {
      expect(cls).to.be.a('function');
    }
    expect(POLL_TAG).to.equal('madang-poll');
    for (const tag of TAGS) expect(customElements.get(tag), tag).to.equal(undefined);
    const el = document.createElement('madang-poll');
    expect(el).not.to.be.instanceOf(MadangPoll);
  });

  it('a page can register a class under its own tag name, and it renders', async () => {
    customElements.define('my-poll', MadangPoll);
    const el = document.createElement('my-poll') as MadangPoll;
    expect(el).to.be.instanceOf(MadangPoll);
    document.body.append(el);
    try {
      await el.updateComplete;
      // No api/site-key/poll: the element renders its configuration error (and reflects the state).
      const base = el.shadowRoot?.querySelector('[part~="base"]');
      expect(base, 'rendered shadow root').to.exist;
      expect(el.state).to.equal('error');
      expect(el.getAttribute('data-state')).to.equal('error');
      expect(customElements.get('madang-poll')).to.equal(undefined);
    } finally {
      el.remove();
    }
  });

  it('importing a registering module registers its element (the same class)', async () => {
    expect(customElements.get('madang-budget-table')).to.equal(undefined);
    const mod = await import('./budget-table/define.js');
    expect(customElements.get('madang-budget-table')).to.equal(MadangBudgetTable);
    expect(mod.MadangBudgetTable).to.equal(MadangBudgetTable);
    expect(document.createElement('madang-budget-table')).to.be.instanceOf(MadangBudgetTable);
    // Importing it again (the same module) and the guard: nothing throws, nothing changes.
    await import('./budget-table/define.js');
    expect(customElements.get('madang-budget-table')).to.equal(MadangBudgetTable);
    // The others are still unregistered.
    for (const tag of TAGS.filter((t) => t !== 'madang-budget-table')) expect(customElements.get(tag), tag).to.equal(undefined);
  });
});
