/** The console's entry point (bundled into assets/app.js and assets/app.css by scripts/build-console.mjs). */
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { render } from 'preact';
import { App } from './app.tsx';

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
