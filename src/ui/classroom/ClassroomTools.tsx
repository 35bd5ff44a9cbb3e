import { useEffect, useState } from 'react';
import { errorMessage } from '../../core/errors';

interface ClassroomToolsProps {
  readonly classroom: boolean;
  readonly onClassroom: (on: boolean) => void;
  readonly onTour: () => void;
}

/** Header buttons: the presentation layout, full screen (where the browser allows it) and the guided tour. */
export function ClassroomTools({ classroom, onClassroom, onTour }: ClassroomToolsProps) {
  const [fullscreen, setFullscreen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const onChange = (): void => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggleFullscreen = (): void => {
    const change = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    change.then(
      () => setProblem(null),
      (error: unknown) => setProblem(`Full screen is not available here: ${errorMessage(error)}`),
    );
  };

  return (
    <>
      <button type="button" className="secondary" aria-pressed={classroom} onClick={() => onClassroom(!classroom)}>
        Classroom
      </button>
      {document.fullscreenEnabled && (
        <button type="button" className="secondary" aria-pressed={fullscreen} onClick={toggleFullscreen}>
          Full screen
        </button>
      )}
      <button type="button" className="secondary" id="tour-button" onClick={onTour}>
        Tour
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
