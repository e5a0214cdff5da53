import { networkContract } from './network-contract';
import { pythonNetworkPrograms } from './network-programs';

networkContract({
  name: 'Python (native)',
  language: 'python',
  options: { languages: ['python'], python: 'native' },
  programs: pythonNetworkPrograms,
});
