import { interpreterContract } from './interpreter-contract-suite';
import { pythonContractPrograms } from './python-interpreter-contract';

interpreterContract({
  name: 'Python (native)',
  language: 'python',
  options: { languages: ['python'], python: 'native' },
  programs: pythonContractPrograms,
});
