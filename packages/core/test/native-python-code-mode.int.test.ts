import { codeModeContract } from './code-mode-contract';
import { pythonCodeModePrograms } from './code-mode-programs';

codeModeContract({
  name: 'Python (native)',
  language: 'python',
  options: { languages: ['python'], python: 'native' },
  programs: pythonCodeModePrograms,
});
