import { useRemoteInterpreters } from '../../remote/src/test-support/remote-interpreter-fixture';
import { codeInterpreterToolSuite } from './test-support/code-interpreter-tool-suite';

// The tool's tests again, over createRemoteCodeInterpreter: one nats-server and one sandbox host
// process with the options the local suite's interpreter has.
codeInterpreterToolSuite('remote', useRemoteInterpreters());
