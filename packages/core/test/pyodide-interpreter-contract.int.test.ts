import { interpreterContract } from './interpreter-contract-suite';
import { pythonContractPrograms } from './python-interpreter-contract';

interpreterContract({
  name: 'Python (Pyodide)',
  language: 'python',
  options: { languages: ['python'], python: 'pyodide' },
  programs: pythonContractPrograms,
});
