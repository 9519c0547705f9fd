// augstudio [PATH]: the studio. Without a path it opens the built-in demo dataset.
#include "ui/studio/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("augstudio"));
    QApplication::setApplicationName(QStringLiteral("Augmentation Studio"));
    QApplication::setApplicationVersion(QStringLiteral(AUGSTUDIO_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("augstudio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Augmentation Studio"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"),
                                 QStringLiteral("A dataset folder or file, a pipeline "
                                                "(.augpipe.json) or one image or clip."));
    parser.process(app);

    augstudio::ui::MainWindow window;
    window.show();
    const QStringList paths = parser.positionalArguments();
    QTimer::singleShot(0, &window, [&window, paths] {
        if (paths.isEmpty())
            window.openDemo();
        for (const QString& p : paths)
            window.openPath(p);
    });
    return app.exec();
}
