import { networkContract } from './network-contract';
import { javascriptNetworkPrograms } from './network-programs';

networkContract({
  name: 'JavaScript',
  language: 'javascript',
  options: { languages: ['javascript', 'typescript'] },
  programs: javascriptNetworkPrograms,
});
