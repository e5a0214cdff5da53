import { pythonConformancePrograms } from '../../../../test/python-conformance-programs';
import { sandboxRuntimeConformance } from '../../../../test/sandbox-runtime-conformance';
import { createNativePythonRuntime } from './create-native-python-runtime';

sandboxRuntimeConformance({
  name: 'native Python',
  create: () => createNativePythonRuntime(),
  language: 'python',
  programs: pythonConformancePrograms,
});
