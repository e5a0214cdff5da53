import { codeModeContract } from './code-mode-contract';
import { javascriptCodeModePrograms } from './code-mode-programs';

codeModeContract({
  name: 'JavaScript',
  language: 'javascript',
  options: { languages: ['javascript', 'typescript'] },
  programs: javascriptCodeModePrograms,
});

codeModeContract({
  name: 'TypeScript',
  language: 'typescript',
  options: { languages: ['javascript', 'typescript'] },
  programs: javascriptCodeModePrograms,
});
