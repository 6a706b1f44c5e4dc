/** A key or key sequence as the person types it, e.g. <Kbd keys={['g', 'd']} />. */
export function Kbd({ keys }: { keys: string[] }) {
  return (
    <span className="kbd-sequence">
      {keys.map((k, i) => (
        <kbd key={i}>{k}</kbd>
      ))}
    </span>
  );
}
