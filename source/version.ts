// hitless's version, from package.json (the bundle holds it): `hitless --version` and the JSON documents' "hitless".
import manifest from '../package.json' with { type: 'json' };

export const HITLESS_VERSION: string = manifest.version;
