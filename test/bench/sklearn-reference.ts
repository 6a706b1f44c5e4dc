/**
 * The quality reference of bench:train, where scikit-learn is installed (Debian:
 * python3-sklearn): the standard TF-IDF + one-vs-rest logistic regression, i.e.
 * TfidfVectorizer() and OneVsRestClassifier(LogisticRegression()) with the library's defaults
 * (C = 1), and with C chosen per category by 3-fold cross-validation on the training posts.
 * It runs on the same train/test split as the other rows. Not part of the product.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LabelledSplit {
  categories: string[];
  train: { texts: string[]; labels: string[][] };
  test: { texts: string[]; labels: string[][] };
}

export interface ReferenceRow {
  features: string;
  method: string;
  seconds: number;
  macroF1: number;
  microF1: number;
}

const SCRIPT = String.raw`
import json, sys, time
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
split = json.load(open(sys.argv[1]))
binarizer = MultiLabelBinarizer(classes=split["categories"])
y_train = binarizer.fit_transform(split["train"]["labels"])
y_test = binarizer.transform(split["test"]["labels"])
rows = []
for method, make in [
    ("LogisticRegression() defaults, C=1", lambda: LogisticRegression(max_iter=1000)),
    ("LogisticRegressionCV, C of 0.1–1000 by 3-fold CV", lambda: LogisticRegressionCV(Cs=[0.1, 1, 10, 100, 1000], cv=3, scoring="f1", max_iter=1000)),
]:
    started = time.time()
    vectorizer = TfidfVectorizer()
    x_train = vectorizer.fit_transform(split["train"]["texts"])
    x_test = vectorizer.transform(split["test"]["texts"])
    predicted = OneVsRestClassifier(make()).fit(x_train, y_train).predict(x_test)
    rows.append({
        "features": "scikit-learn TfidfVectorizer(), %d terms" % x_train.shape[1],
        "method": "reference: scikit-learn %s OneVsRest %s" % (sklearn.__version__, method),
        "seconds": time.time() - started,
        "macroF1": f1_score(y_test, predicted, average="macro", zero_division=0),
        "microF1": f1_score(y_test, predicted, average="micro", zero_division=0),
    })
print(json.dumps(rows))
`;

/** A Python that imports scikit-learn: $SYNTHLAB_PYTHON, python3, or Debian's /usr/bin/python3. */
function findPython(): string | null {
  const candidates = [process.env.SYNTHLAB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

/** The reference rows, or none (with a note on stderr) where scikit-learn is missing. */
export function scikitLearnReference(split: LabelledSplit): ReferenceRow[] {
  const python = findPython();
  if (!python) {
    console.error(
      'scikit-learn reference skipped: no python3 with scikit-learn (Debian: apt-get install python3-sklearn)',
    );
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-sklearn-'));
  try {
    const file = path.join(dir, 'split.json');
    fs.writeFileSync(file, JSON.stringify(split));
    const out = execFileSync(python, ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(out) as ReferenceRow[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
