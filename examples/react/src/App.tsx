import { useState } from 'react';
import type { MadangSupportDetail, MadangVoteDetail } from '@madang/widgets';
// JSX typings for <madang-*>: props are the elements' properties, events are `on` + event name.
import type {} from '@madang/widgets/jsx';

const { VITE_MADANG_API: api, VITE_MADANG_SITE_KEY: siteKey, VITE_MADANG_POLL: poll, VITE_MADANG_DATASET: dataset } = import.meta.env;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function App() {
  const [vote, setVote] = useState<MadangVoteDetail | null>(null);
  const [supports, setSupports] = useState<MadangSupportDetail[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const onError = (e: CustomEvent<{ error: unknown }>) => setErrors((all) => [...all, message(e.detail.error)]);

  if (!api || !siteKey) {
    return (
      <main>
        <h1>Madang in React</h1>
        <p>Set VITE_MADANG_API and VITE_MADANG_SITE_KEY (see README.md).</p>
      </main>
    );
  }
  return (
    <main>
      <h1>Madang in React</h1>
      {poll && (
        <section>
          <madang-poll api={api} siteKey={siteKey} poll={poll} onmadang-vote={(e) => setVote(e.detail)} onmadang-error={onError} />
          <p id="vote" role="status">
            {vote ? `React received madang-vote: ${vote.choices.join(', ')} (${vote.receipt.receiptId})` : 'No vote yet.'}
          </p>
        </section>
      )}
      <section>
        <madang-proposal-list
          api={api}
          siteKey={siteKey}
          sort="support"
          pageSize={3}
          onmadang-support={(e) => setSupports((all) => [...all, e.detail])}
          onmadang-error={onError}
        />
        <p id="supports">{supports.length ? `Supported: ${supports.map((s) => s.proposalId).join(', ')}` : ''}</p>
      </section>
      {dataset && <madang-budget-table api={api} siteKey={siteKey} datasetId={dataset} onmadang-error={onError} />}
      {errors.length > 0 && (
        <ul id="errors">
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
    </main>
  );
}
