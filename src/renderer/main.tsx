import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Dictation</h1>
      <p>Local, private speech to text.</p>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<App />);
