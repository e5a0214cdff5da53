import { networkContract } from './network-contract';
import { pythonNetworkPrograms } from './network-programs';

networkContract({
  name: 'Python (Pyodide)',
  language: 'python',
  options: { languages: ['python'] },
  programs: pythonNetworkPrograms,
});
