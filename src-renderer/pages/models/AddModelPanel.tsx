import { useState, type FormEvent } from 'react';
import type { ModelFamily } from '../../../src-main/contract/schemas';
import { call } from '../../api/client';
import { desktopBridge, isDesktop } from '../../api/desktop-bridge';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Panel } from '../../components/Panel';
import { Tabs } from '../../components/Tabs';
import { useAction } from '../../components/use-action';
import { DownloadForm } from './DownloadForm';
import { FamilySelect } from './FamilySelect';

type Way = 'gguf' | 'endpoint' | 'download';
const WAYS = [
  { key: 'gguf', label: 'GGUF file' },
  { key: 'endpoint', label: 'Endpoint' },
  { key: 'download', label: 'Download' },
] as const;

/** "llama-2-7b-chat.Q4_K_M.gguf" → "llama-2-7b-chat.Q4_K_M" as a starting name. */
const nameFromPath = (path: string) => (path.split(/[\\/]/).pop() ?? '').replace(/\.gguf$/i, '');

function GgufForm({ onAdded }: { onAdded: () => void }) {
  const [file, setFile] = useState('');
  const [name, setName] = useState('');
  const [family, setFamily] = useState<ModelFamily>('llama3-instruct');
  const { notify } = useToasts();
  const add = useAction(async () => {
    const model = await call('models.addGguf', { name, family, file });
    notify('success', `Registered ${model.name}.`);
    setFile('');
    setName('');
    onAdded();
  });
  const browse = async () => {
    const chosen = await desktopBridge()!.openFile('model');
    if (chosen) {
      setFile(chosen);
      if (!name) setName(nameFromPath(chosen));
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add.run();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <Field
        label="GGUF file"
        hint={
          isDesktop()
            ? 'The file stays where it is; SynthLab records its path and SHA-256.'
            : 'A path on the machine running synthlab serve.'
        }
      >
        <input
          type="text"
          value={file}
          placeholder="/models/llama-2-7b-chat.Q4_K_M.gguf"
          onChange={(e) => setFile(e.currentTarget.value)}
          onBlur={() => !name && file && setName(nameFromPath(file))}
          required
        />
      </Field>
      {isDesktop() && (
        <div>
          <button type="button" className="button" onClick={browse}>
            Browse…
          </button>
        </div>
      )}
      <div className="grid grid-2">
        <Field label="Name">
          <input type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        </Field>
        <Field label="Family">
          <FamilySelect value={family} onChange={setFamily} />
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={add.busy || !file.trim() || !name.trim()}>
          {add.busy ? 'Reading the file…' : 'Register model'}
        </button>
      </div>
      {add.error && <ErrorBanner title="Could not register the model" message={add.error} onDismiss={add.clearError} />}
    </form>
  );
}

function EndpointForm({ onAdded }: { onAdded: () => void }) {
  const [url, setUrl] = useState('');
  const [model, setModel] = useState('');
  const [name, setName] = useState('');
  const [family, setFamily] = useState<ModelFamily>('llama3-instruct');
  const [check, setCheck] = useState(true);
  const { notify } = useToasts();
  const add = useAction(async () => {
    const registered = await call('models.addEndpoint', { name, family, url, model, check });
    notify('success', `Registered ${registered.name}.`);
    setName('');
    onAdded();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add.run();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <Field label="Endpoint URL" hint="An OpenAI-compatible server, e.g. llama.cpp’s llama-server or vLLM.">
        <input
          type="url"
          value={url}
          placeholder="http://127.0.0.1:8080/v1"
          onChange={(e) => setUrl(e.currentTarget.value)}
          required
        />
      </Field>
      <div className="grid grid-2">
        <Field label="Model id" hint="As the server names it.">
          <input type="text" value={model} onChange={(e) => setModel(e.currentTarget.value)} required />
        </Field>
        <Field label="Name in SynthLab">
          <input type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        </Field>
      </div>
      <Field label="Family">
        <FamilySelect value={family} onChange={setFamily} />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={check} onChange={(e) => setCheck(e.currentTarget.checked)} /> Check that the
        endpoint answers before registering it
      </label>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={add.busy || !url || !model || !name.trim()}>
          {add.busy ? 'Checking…' : 'Register endpoint'}
        </button>
      </div>
      {add.error && (
        <ErrorBanner title="Could not register the endpoint" message={add.error} onDismiss={add.clearError} />
      )}
    </form>
  );
}

export function AddModelPanel({ onAdded }: { onAdded: () => void }) {
  const [way, setWay] = useState<Way>('gguf');
  return (
    <Panel title="Add a model">
      <Tabs label="How to add the model" tabs={WAYS} active={way} onChange={setWay}>
        {way === 'gguf' && <GgufForm onAdded={onAdded} />}
        {way === 'endpoint' && <EndpointForm onAdded={onAdded} />}
        {way === 'download' && <DownloadForm onAdded={onAdded} />}
      </Tabs>
    </Panel>
  );
}
