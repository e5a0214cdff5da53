import { codeModeContract } from './code-mode-contract';
import { pythonCodeModePrograms } from './code-mode-programs';

codeModeContract({
  name: 'Python (Pyodide)',
  language: 'python',
  options: { languages: ['python'] },
  programs: pythonCodeModePrograms,
});
