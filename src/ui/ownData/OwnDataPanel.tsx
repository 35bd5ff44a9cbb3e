import { useId, useState, type ReactNode } from 'react';
import type { TrainingConfig } from '../../core/config';
import { IMAGE_FORMATS, OWN_DATA_LIMITS, type ImageFormat } from '../../core/data/ownDataset';
import { assignOwnDataFiles, describeOwnData, type OwnDataState } from '../../state/ownData';
import { RangeSlider } from '../controls/RangeSlider';
import { SelectField, type SelectOption } from '../controls/SelectField';
import { DropZone } from '../controls/DropZone';

interface OwnDataPanelProps {
  readonly config: TrainingConfig;
  readonly ownData: OwnDataState;
  /** A mark beside the restart fields (image format, held out). */
  readonly badge: (field: 'imageFormat' | 'heldOut') => ReactNode;
  readonly onLoad: (data: File, labels?: File) => void;
  readonly onOptions: (change: Partial<TrainingConfig['dataset']['own']>) => void;
}

const formatOptions: SelectOption<ImageFormat>[] = (Object.keys(IMAGE_FORMATS) as ImageFormat[]).map((f) => ({ value: f, label: IMAGE_FORMATS[f].label }));
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * "Your data" in Run setup: pick or drop a .npy/.csv of vectors (with optional labels) or a .zip of class
 * folders of images. The training worker decodes them; a good file starts a run on it, a bad one is reported
 * and changes nothing.
 */
export function OwnDataPanel({ config, ownData, badge, onLoad, onOptions }: OwnDataPanelProps) {
  const id = useId();
  const [chosen, setChosen] = useState<{ data?: File; labels?: File }>({});
  const [dropError, setDropError] = useState<string | null>(null);
  const { summary, loading, error } = ownData;

  const load = (files: { data?: File; labels?: File }): void => {
    setChosen(files);
    setDropError(null);
    if (files.data) onLoad(files.data, files.labels);
  };
  const onFiles = (files: File[]): void => {
    const assigned = assignOwnDataFiles(files);
    if (typeof assigned === 'string') setDropError(assigned);
    else load(assigned);
  };
  const problem = dropError ?? error;
  const images = (summary?.id ?? (chosen.data && /\.zip$/i.test(chosen.data.name) ? 'images' : 'vectors')) === 'images';

  return (
    <div className="own-data" aria-labelledby={`${id}-heading`} role="group">
      <h3 id={`${id}-heading`}>Your data</h3>
      <DropZone onFiles={onFiles}>
        <p className="drop-hint">
          Drop or choose N × d vectors (<code>.npy</code>, <code>.csv</code>, e.g. a pretrained model’s features) with optional labels, or a <code>.zip</code> with one
          folder of PNG/JPEG images per class.
        </p>
        <div className="file-slot">
          <label htmlFor={`${id}-data`}>Data file</label>
          <input
            id={`${id}-data`}
            type="file"
            accept=".npy,.csv,.zip"
            aria-describedby={`${id}-data-hint`}
            onChange={(e) => {
              const data = e.currentTarget.files?.[0];
              if (data) load({ ...chosen, data, ...(/\.zip$/i.test(data.name) ? { labels: undefined } : {}) });
            }}
          />
          <span id={`${id}-data-hint`} className="help">
            vectors (.npy, .csv) or images (.zip)
          </span>
        </div>
        <div className="file-slot">
          <label htmlFor={`${id}-labels`}>Labels file</label>
          <input
            id={`${id}-labels`}
            type="file"
            accept=".npy,.csv"
            aria-describedby={`${id}-labels-hint`}
            disabled={images}
            onChange={(e) => {
              const labels = e.currentTarget.files?.[0];
              if (labels) load({ ...chosen, labels });
            }}
          />
          <span id={`${id}-labels-hint`} className="help">
            {images ? 'a zip’s labels are its folders' : 'optional: one integer per row'}
          </span>
        </div>
      </DropZone>
      <p className="help" aria-live="polite">
        {loading ? 'Reading…' : summary ? `Loaded ${summary.name}: ${describeOwnData(summary)}.` : 'Nothing loaded yet.'}
        {!loading && summary?.notes.map((note) => ` ${note}`)}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {images && (
        <SelectField
          label="Image size"
          value={config.dataset.own.imageFormat}
          options={formatOptions}
          badge={badge('imageFormat')}
          help="Every image is centre-cropped to a square and resized to this, whatever its size."
          onChange={(imageFormat) => onOptions({ imageFormat })}
        />
      )}
      <RangeSlider
        spec={{ label: 'Held out', min: 0.05, max: 0.5, step: 0.05, help: 'Fraction of each class kept aside for the metrics, drawn from the seed.' }}
        value={config.dataset.own.heldOut}
        badge={badge('heldOut')}
        onChange={(heldOut) => onOptions({ heldOut })}
      />
      <p className="privacy-note">
        <strong>Nothing leaves the browser.</strong> Limits: {count(OWN_DATA_LIMITS.vectorRows)} rows, {count(OWN_DATA_LIMITS.vectorDim)} dimensions and{' '}
        {(OWN_DATA_LIMITS.vectorValues / 1e6).toFixed(1)} million values of vectors; {count(OWN_DATA_LIMITS.images)} images; {OWN_DATA_LIMITS.fileBytes / (1024 * 1024)} MB per file — larger
        files are refused. Links and saved runs keep only the settings: load the files again after a reload.
      </p>
    </div>
  );
}
