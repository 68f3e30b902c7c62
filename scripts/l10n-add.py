# Adds Spanish entries from a JSON object on stdin to l10n/bundle.l10n.es.json (keeps order, UTF-8).
import json, sys, pathlib
path = pathlib.Path(__file__).resolve().parent.parent / 'l10n' / 'bundle.l10n.es.json'
bundle = json.loads(path.read_text(encoding='utf-8'))
bundle.update(json.loads(sys.stdin.read()))
path.write_text(json.dumps(bundle, ensure_ascii=False, indent=2) + '\n', encoding='utf-8')
